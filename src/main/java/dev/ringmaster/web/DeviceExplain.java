package dev.ringmaster.web;

import java.util.List;
import java.util.UUID;

/**
 * Why a device of the caller's tenant gets (or does not get) a pending release, and when (DESIGN.md
 * "Explain"). The console depends on this interface only;
 * it is implemented by {@link StoredDeviceExplain} over the stored release windows.
 */
public interface DeviceExplain {

    /** One explanation per release pending for the device, newest release first. */
    List<Explanation> explain(UUID deviceId);

    /** @param reasons the ordered chain that produced the window, each a readable sentence */
    record Explanation(String product, String version, String window, List<String> reasons) {
    }
}
