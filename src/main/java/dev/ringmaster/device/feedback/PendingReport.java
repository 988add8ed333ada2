package dev.ringmaster.device.feedback;

import dev.ringmaster.device.CurrentDevice;

/**
 * One report waiting for its batch. Not a record: two equal reports sent at once (a retry racing its original)
 * are two asks, recorded one after the other, so the second is answered as a retry.
 */
final class PendingReport {

    final CurrentDevice.AuthenticatedDevice device;
    final DeviceReport report;
    /** hawkBit's agents send progress in any order: a step backwards is kept in the history, not refused. */
    final boolean keepOutOfOrder;

    PendingReport(CurrentDevice.AuthenticatedDevice device, DeviceReport report, boolean keepOutOfOrder) {
        this.device = device;
        this.report = report;
        this.keepOutOfOrder = keepOutOfOrder;
    }
}
