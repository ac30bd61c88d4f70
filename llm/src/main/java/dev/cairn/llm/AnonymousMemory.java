package dev.cairn.llm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Large off-heap buffers for repacked weights ({@link Repacked}), mapped straight from the kernel on Linux x86-64:
 * {@code mmap(MAP_ANONYMOUS)} pages arrive zeroed when the compute threads that fill them first write them, so
 * nothing is cleared twice on one thread ({@link Arena#allocate} zeroes the whole buffer on the calling thread
 * first: 0.3 s for 650 MB here). Elsewhere, or when a call fails (no native access), the buffer comes from the
 * arena. Unmapped when the arena closes. (Asking for 2 MB pages with {@code madvise(MADV_HUGEPAGE)} was tried: with
 * this machine's synchronous defragmentation, loading was no faster.)
 */
final class AnonymousMemory {
    private AnonymousMemory() {}

    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    private static final MethodHandle MMAP, MUNMAP;

    static {
        MethodHandle mmap = null, munmap = null;
        if (System.getProperty("os.name", "").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch"))) {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            } catch (RuntimeException | Error e) { // no native access granted, or no such symbols: the arena's memory
                mmap = munmap = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
    }

    /** {@code bytes} zeroed bytes, aligned to 64 or better, valid while {@code arena} is open. */
    static MemorySegment allocate(long bytes, Arena arena) {
        if (MMAP != null && bytes >= (1 << 21)) {
            try {
                MemorySegment address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
                if (address.address() != -1L) { // MAP_FAILED
                    return address.reinterpret(bytes, arena, AnonymousMemory::unmap);
                }
            } catch (Throwable e) {
                // fall through to the arena
            }
        }
        return arena.allocate(bytes, 64);
    }

    private static void unmap(MemorySegment segment) {
        try {
            int ignored = (int) MUNMAP.invokeExact(segment, segment.byteSize());
        } catch (Throwable e) {
            throw new LlmException("could not unmap " + segment.byteSize() + " bytes of repacked weights: " + e, e);
        }
    }
}
