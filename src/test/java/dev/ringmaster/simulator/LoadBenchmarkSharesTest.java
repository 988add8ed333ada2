package dev.ringmaster.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The repeated benchmark's summary: each scenario against the floor of its own repetition. */
class LoadBenchmarkSharesTest {

    @Test
    void eachShareIsTakenAgainstTheFloorOfItsOwnRepetitionAndTheMedianOverThem() {
        List<List<LoadBenchmark.Result>> rounds = List.of(
                List.of(result("trivial (health)", 10_000, 1.0), result("full check-in", 4_000, 9.0)),
                List.of(result("trivial (health)", 6_000, 1.0), result("full check-in", 2_700, 12.0)),
                List.of(result("trivial (health)", 8_000, 1.0), result("full check-in", 2_800, 30.0)));

        Map<String, LoadBenchmark.Shares> shares = LoadBenchmark.shares(rounds);

        assertThat(shares).containsOnlyKeys("full check-in");
        LoadBenchmark.Shares full = shares.get("full check-in");
        assertThat(full.ofFloor()).containsExactly(0.40, 0.45, 0.35);
        assertThat(full.median()).isCloseTo(0.40, within(1e-9));
        assertThat(full.medianP99Millis()).isEqualTo(12.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(LoadBenchmark.median(List.of(0.5, 0.2, 0.4, 0.3))).isCloseTo(0.35, within(1e-9));
    }

    private static LoadBenchmark.Result result(String name, double perSecond, double p99) {
        return new LoadBenchmark.Result(name, (long) perSecond * 20, 0, perSecond, p99 / 3, p99, new CpuUse(0.9, 0.5), Map.of());
    }
}
