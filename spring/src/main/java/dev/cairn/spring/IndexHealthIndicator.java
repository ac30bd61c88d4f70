package dev.cairn.spring;

import dev.cairn.rag.IngestReport;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.StoreInfo;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Optional;

/**
 * The index: UP with its location, embedding model, documents and passages once it can be read; DOWN when it
 * cannot, or when it holds no passage at all (nothing to answer from). The start-up ingest's summary is added
 * once it has run.
 */
final class IndexHealthIndicator implements HealthIndicator {
    private final RagIndex index;
    private final Optional<StartupIngest> ingest;

    IndexHealthIndicator(RagIndex index, Optional<StartupIngest> ingest) {
        this.index = index;
        this.ingest = ingest;
    }

    @Override
    public Health health() {
        StoreInfo info;
        try {
            info = index.info();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
        Health.Builder health = info.chunks() > 0 ? Health.up() : Health.down().withDetail("reason", "the index is empty: ingest documents first");
        health.withDetail("location", info.location())
                .withDetail("model", info.model())
                .withDetail("documents", info.documents())
                .withDetail("passages", info.chunks());
        ingest.flatMap(StartupIngest::report).map(IngestReport::summary).ifPresent(summary -> health.withDetail("startupIngest", summary));
        return health.build();
    }
}
