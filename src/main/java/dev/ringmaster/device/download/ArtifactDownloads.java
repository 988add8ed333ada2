package dev.ringmaster.device.download;

import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.ReleaseCard;
import dev.ringmaster.device.offer.ReleaseCards;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.util.UUID;

/**
 * The artifact files a device may download: those of releases it has been offered (it has an action for),
 * by DDI and by the native API alike. Any other is answered as if it did not exist.
 */
@ApplicationScoped
public class ArtifactDownloads {

    /** A verified artifact file to serve, under the name the release gives it. */
    public record Download(ArtifactStore.Served file, String name) {
    }

    @Inject
    OfferStore store;

    @Inject
    ReleaseCards cards;

    @Inject
    ArtifactStore artifacts;

    public Download find(CurrentDevice.AuthenticatedDevice device, UUID releaseId, String name) {
        boolean offered = QuarkusTransaction.requiringNew().call(() -> store.query(
                "SELECT 1 FROM device_actions WHERE tenant_id = ? AND device_id = ? AND release_id = ?", statement -> {
                    statement.setString(1, device.tenantId());
                    statement.setObject(2, device.id());
                    statement.setObject(3, releaseId);
                }, rows -> rows.next()));
        if (!offered) {
            throw new NotFoundException("no such artifact for this device");
        }
        ReleaseCard card = cards.of(releaseId).orElseThrow(() -> new NotFoundException("no such artifact for this device"));
        ReleaseCard.File file = card.artifact(name).orElseThrow(() -> new NotFoundException("no such artifact for this device"));
        return new Download(artifacts.served(file), file.name());
    }
}
