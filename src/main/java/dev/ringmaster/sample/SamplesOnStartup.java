package dev.ringmaster.sample;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;

/** Loads the sample tenants when {@code ringmaster.samples.dir} names a folder (the run command sets it). */
@ApplicationScoped
public class SamplesOnStartup {

    private static final Logger LOG = Logger.getLogger(SamplesOnStartup.class);

    @Inject
    SampleLoader loader;

    @ConfigProperty(name = "ringmaster.samples.dir")
    Optional<String> samplesDir;

    void onStart(@Observes StartupEvent event) {
        samplesDir.filter(dir -> !dir.isBlank()).map(Path::of).ifPresent(dir -> {
            LoadReport report = loader.load(dir);
            LOG.infof("sample data from %s: %d products, %d tenants, %d devices, %d groups, %d policies (%d rows created)",
                    dir.toAbsolutePath(), report.products(), report.tenants(), report.devices(), report.groups(),
                    report.policies(), report.created());
        });
    }
}
