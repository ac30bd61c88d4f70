package dev.cairn.spring;

import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.IngestReport;
import dev.cairn.rag.RagIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Ingests {@code cairn.ingest.paths} into the index while the context starts, before the web server takes
 * requests and before the knowledge-base MCP server lists the documents: only new and changed files are read,
 * removed ones are dropped. A missing path stops the start-up with its name; files that cannot be read are
 * logged and counted in the report.
 */
public class StartupIngest implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(StartupIngest.class);

    private final RagIndex index;
    private final CairnProperties.Ingest settings;
    private volatile IngestReport report;

    StartupIngest(RagIndex index, CairnProperties.Ingest settings) {
        this.index = index;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.paths().isEmpty()) {
            return;
        }
        for (Path path : settings.paths()) {
            if (!Files.exists(path)) {
                throw new CairnSpringException("cairn.ingest.paths: " + path.toAbsolutePath() + " does not exist");
            }
        }
        IngestOptions options = IngestOptions.defaults()
                .withIncludes(settings.includes().toArray(String[]::new))
                .withExcludes(settings.excludes().toArray(String[]::new));
        IngestReport done = index.ingest(settings.paths(), options, (n, total, file) -> log.debug("ingested {}/{}: {}", n, total, file));
        done.problems().forEach(problem -> log.warn("ingest: {}", problem));
        log.info("ingested {} into {}: {}", settings.paths(), index.info().location(), done.summary());
        report = done;
    }

    /** The start-up ingest's report (empty when no paths are configured). */
    public Optional<IngestReport> report() {
        return Optional.ofNullable(report);
    }
}
