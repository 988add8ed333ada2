package dev.ringmaster.device;

import dev.ringmaster.device.offer.WaitReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Locale;

/**
 * {@code ringmaster_device_polls_total{protocol, decision, reason, answer}}: what devices were told, per native
 * check-in and DDI poll. Every series is registered at start and found by array index on the hot path, so a poll
 * costs one counter increment; the labels come from enums only, never from a device, tenant or release.
 * Created at start, so every series is there from the first scrape, at zero until something happens.
 */
@Startup
@ApplicationScoped
public class PollMetrics {

    public enum Protocol { NATIVE, DDI }

    /** What the device was told to do. */
    public enum Told { INSTALL, CANCEL, WAIT }

    /** A 304 repeats a decision made earlier; counted apart so the share of cheap answers shows. */
    public enum Answer { DECIDED, NOT_MODIFIED }

    private static final int SLOTS = 2 + WaitReason.values().length;

    private final Counter[][][] counters = new Counter[Protocol.values().length][Answer.values().length][SLOTS];

    @Inject
    public PollMetrics(MeterRegistry registry) {
        for (Protocol protocol : Protocol.values()) {
            for (Answer answer : Answer.values()) {
                if (protocol == Protocol.DDI && answer == Answer.NOT_MODIFIED) {
                    continue; // DDI polls are always decided
                }
                for (int slot = 0; slot < SLOTS; slot++) {
                    Told told = slot == 0 ? Told.INSTALL : slot == 1 ? Told.CANCEL : Told.WAIT;
                    String reason = told == Told.WAIT ? WaitReason.values()[slot - 2].code() : "none";
                    counters[protocol.ordinal()][answer.ordinal()][slot] = Counter.builder("ringmaster.device.polls")
                            .description("Native check-ins and DDI polls by what the device was told")
                            .tag("protocol", code(protocol)).tag("decision", code(told)).tag("reason", reason)
                            .tag("answer", code(answer))
                            .register(registry);
                }
            }
        }
    }

    /** {@code reason} only counts for a wait; a wait without one is counted as the ring not open, as it is told. */
    public void answered(Protocol protocol, Answer answer, Told told, WaitReason reason) {
        int slot = switch (told) {
            case INSTALL -> 0;
            case CANCEL -> 1;
            case WAIT -> 2 + (reason == null ? WaitReason.RING_NOT_OPEN : reason).ordinal();
        };
        Counter counter = counters[protocol.ordinal()][answer.ordinal()][slot];
        if (counter != null) {
            counter.increment();
        }
    }

    private static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
