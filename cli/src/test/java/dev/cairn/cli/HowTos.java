package dev.cairn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two small Markdown how-tos the command tests ingest and ask about. */
final class HowTos {
    static final String KETTLE = "# Descaling a kettle\n\nFill the kettle with equal parts white vinegar and water, boil it, "
            + "wait an hour, then rinse it several times.\n";
    static final String BIKE = "# Fixing a flat tyre\n\nTake the wheel off, pull out the inner tube, find the puncture under "
            + "water and glue a patch over it.\n";

    private HowTos() {
    }

    /** Creates {@code dir} and writes {@code kettle.md} into it, and {@code bike.md} unless {@code kettleOnly}. */
    static Path write(Path dir, boolean kettleOnly) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kettle.md"), KETTLE);
        if (!kettleOnly) Files.writeString(dir.resolve("bike.md"), BIKE);
        return dir;
    }
}
