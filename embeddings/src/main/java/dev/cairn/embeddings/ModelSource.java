package dev.cairn.embeddings;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cairn.core.CairnException;
import dev.cairn.tokenizers.Tokenizer;
import dev.cairn.tokenizers.Tokenizers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;

/** Where a model's ONNX file and tokenizer.json come from, and what that place says about the model. */
sealed interface ModelSource {

    /** The ONNX file, for messages. */
    String onnxName();

    /** The tokenizer.json, for messages. */
    String tokenizerName();

    /** Settings the source states (a built-in model's, a directory's sentence-transformers files). */
    Settings settings();

    OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options);

    /** Models larger than this are never read into memory to be edited. */
    long EDITABLE_BYTES = 1L << 30;

    /**
     * The ONNX file's bytes, to edit before loading them with
     * {@link #openSession(OrtEnvironment, OrtSession.SessionOptions, byte[])}; empty if the file is larger than
     * {@link #EDITABLE_BYTES}.
     */
    Optional<byte[]> readModel();

    /**
     * A name for the model's bytes in a {@link ModelCache}, changing whenever they change; empty when the model is a
     * plain file already (nothing to save by caching it).
     */
    default Optional<String> cacheName() {
        return Optional.empty();
    }

    /** A session of an edited copy of this source's model. */
    default OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options, byte[] model) {
        try {
            return env.createSession(model, options);
        } catch (OrtException e) {
            throw new EmbeddingException(onnxName() + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    Tokenizer openTokenizer();

    /** A name of a built-in model, or a model directory. */
    static ModelSource of(String nameOrDirectory) {
        return BuiltInModel.byName(nameOrDirectory).<ModelSource>map(BuiltIn::new).orElseGet(() -> {
            Path dir = Path.of(nameOrDirectory);
            if (!Files.exists(dir)) {
                throw new EmbeddingException("unknown model " + nameOrDirectory + ": not a built-in model "
                        + BuiltInModel.names() + " and no such directory");
            }
            return new Directory(dir);
        });
    }

    record BuiltIn(BuiltInModel model) implements ModelSource {
        @Override public String onnxName() { return "classpath:" + model.onnxResource; }
        @Override public String tokenizerName() { return "classpath:" + model.tokenizerResource; }
        @Override public Settings settings() { return model.settings(); }

        @Override
        public OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options) {
            URL url = resource(model.onnxResource);
            try {
                if ("file".equals(url.getProtocol())) {
                    return env.createSession(Path.of(url.toURI()).toString(), options);
                }
                byte[] bytes;
                try (InputStream in = url.openStream()) {
                    bytes = in.readAllBytes();
                }
                return env.createSession(bytes, options);
            } catch (OrtException e) {
                throw new EmbeddingException(onnxName() + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new EmbeddingException(onnxName() + ": cannot read the model: " + e.getMessage(), e);
            } catch (URISyntaxException e) {
                throw new EmbeddingException(onnxName() + ": bad resource location " + url, e);
            }
        }

        @Override
        public Optional<String> cacheName() {
            try {
                if (resource(model.onnxResource).openConnection() instanceof JarURLConnection jar) {
                    JarEntry entry = jar.getJarEntry();
                    if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
                        return Optional.of(model.modelName() + "-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
                    }
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<byte[]> readModel() {
            URL url = resource(model.onnxResource);
            try {
                URLConnection connection = url.openConnection();
                long size = connection.getContentLengthLong(); // a jar entry's uncompressed size
                try (InputStream in = connection.getInputStream()) {
                    if (size < 0 || size > EDITABLE_BYTES) return Optional.of(in.readAllBytes());
                    byte[] bytes = new byte[(int) size]; // read in place: no growing and copying of chunks
                    if (in.readNBytes(bytes, 0, bytes.length) != bytes.length || in.read() != -1) {
                        throw new IOException("the resource is not " + size + " bytes long as its jar entry says");
                    }
                    return Optional.of(bytes);
                }
            } catch (IOException e) {
                throw new EmbeddingException(onnxName() + ": cannot read the model: " + e.getMessage(), e);
            }
        }

        @Override
        public Tokenizer openTokenizer() {
            try (InputStream in = resource(model.tokenizerResource).openStream()) {
                return Tokenizers.fromTokenizerJson(in, tokenizerName());
            } catch (IOException e) {
                throw new EmbeddingException(tokenizerName() + ": cannot read the tokenizer: " + e.getMessage(), e);
            } catch (CairnException e) {
                throw tokenizerProblem(tokenizerName(), e);
            }
        }

        private URL resource(String name) {
            URL url = BuiltInModel.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new EmbeddingException("built-in model " + model.modelName() + ": resource " + name
                        + " is not on the classpath (it comes from LangChain4j's model artifact "
                        + "dev.langchain4j:" + model.artifact + ")");
            }
            return url;
        }
    }

    record Directory(Path dir) implements ModelSource {
        @Override public String onnxName() { return files().onnx().toString(); }
        @Override public String tokenizerName() { return files().tokenizer().toString(); }

        private DirectoryConfig.ModelFiles files() {
            return DirectoryConfig.files(dir);
        }

        @Override
        public Settings settings() {
            return DirectoryConfig.settings(dir, files().tokenizer());
        }

        @Override
        public OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options) {
            return new FilePair(files().onnx(), files().tokenizer()).openSession(env, options);
        }

        @Override
        public Optional<byte[]> readModel() {
            return new FilePair(files().onnx(), files().tokenizer()).readModel();
        }

        @Override
        public Tokenizer openTokenizer() {
            return new FilePair(files().onnx(), files().tokenizer()).openTokenizer();
        }
    }

    record FilePair(Path onnx, Path tokenizer) implements ModelSource {
        @Override public String onnxName() { return onnx.toString(); }
        @Override public String tokenizerName() { return tokenizer.toString(); }

        @Override
        public Settings settings() {
            Settings s = Settings.NONE.withName(stripExtension(onnx.getFileName().toString()));
            Integer max = DirectoryConfig.tokenizerTruncation(existing(tokenizer, "tokenizer.json"));
            return max == null ? s : s.withMaxSequenceLength(max);
        }

        @Override
        public OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options) {
            existing(onnx, "ONNX model");
            try {
                return env.createSession(onnx.toString(), options);
            } catch (OrtException e) {
                throw new EmbeddingException(onnx + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<byte[]> readModel() {
            try {
                if (Files.size(existing(onnx, "ONNX model")) > EDITABLE_BYTES) return Optional.empty();
                return Optional.of(Files.readAllBytes(onnx));
            } catch (IOException e) {
                throw new EmbeddingException(onnx + ": cannot read the model: " + e.getMessage(), e);
            }
        }

        @Override
        public Tokenizer openTokenizer() {
            existing(tokenizer, "tokenizer.json");
            try {
                return Tokenizers.fromTokenizerJson(tokenizer);
            } catch (UncheckedIOException e) {
                throw new EmbeddingException(tokenizer + ": cannot read the tokenizer: " + e.getMessage(), e);
            } catch (CairnException e) {
                throw tokenizerProblem(tokenizer.toString(), e);
            }
        }

        private static Path existing(Path p, String what) {
            if (!Files.isRegularFile(p)) {
                throw new EmbeddingException(what + " " + p + " does not exist or is not a file");
            }
            return p;
        }

        private static String stripExtension(String f) {
            int dot = f.lastIndexOf('.');
            return dot > 0 ? f.substring(0, dot) : f;
        }
    }

    private static EmbeddingException tokenizerProblem(String file, CairnException e) {
        String msg = e.getMessage();
        return new EmbeddingException(msg != null && msg.contains(file) ? msg : file + ": " + msg, e);
    }
}
