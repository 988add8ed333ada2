package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static dev.ringmaster.rollout.gate.GateOutcome.HALT;
import static dev.ringmaster.rollout.gate.GateOutcome.HOLD;
import static dev.ringmaster.rollout.gate.GateOutcome.PASS;
import static dev.ringmaster.rollout.gate.GateOutcome.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wilson values used below (z² = 3.8414588, see {@link WilsonBoundTest} for the formula):
 * <pre>
 *  failures/n   lower     upper
 *    0/0        0         1          nothing known
 *    0/40       0         0.0876     3.8414588 / 43.8414588
 *    0/188      0         0.020024   3.8414588 / 191.8414588
 *    0/189      0         0.019920   3.8414588 / 192.8414588
 *    0/300      0         0.012643   3.8414588 / 303.8414588
 *    0/3        0         0.561497   3.8414588 / 6.8414588
 *    0/10       0         0.277533   3.8414588 / 13.8414588
 *    1/10       0.017876  0.404150
 *    1/300      0.000589  0.018637
 *    8/300      0.013573  0.051729
 *    2/8        0.071479  0.590725
 *    5/20       0.111862  0.468701
 *    9/9        0.700855  1          9 / 12.8414588
 *   10/10       0.722467  1         10 / 13.8414588
 *   10/40       0.141871  0.401940
 *   12/40       0.180748  0.454300
 *   20/40       0.351995  0.648005
 *   38/40       0.834961  0.986179
 *    8/28       0.152540  0.470593
 *   10/100      0.055229  0.174366
 * </pre>
 */
class GateEvaluatorTest {

    private static final Duration DAY = Duration.ofDays(1);

    /** Typical canary gate: 20 finished and 10 % of the offered ones, under 2 % failures, a day's soak. */
    private static GateRule rule() {
        return rule(new BigDecimal("0.02"), 10);
    }

    private static GateRule rule(BigDecimal maxFailureRate, int minReportsForHalt) {
        return new GateRule(20, new BigDecimal("0.10"), maxFailureRate, DAY, Duration.ofHours(4), minReportsForHalt);
    }

    private static RingHealth health(int offered, int succeeded, int failed, int silent, int quietUnupdated, int unupdated) {
        return new RingHealth(offered, 0, 0, succeeded, failed, silent, quietUnupdated, unupdated);
    }

    private static GateDecision soakedTwoDays(GateRule rule, RingHealth health) {
        return GateEvaluator.evaluate(rule, health, Duration.ofDays(2));
    }

    @Nested
    class Passing {

        @Test
        void aCleanRingWithEnoughReportsPassesAndSaysWhy() {
            GateDecision decision = soakedTwoDays(rule(), health(300, 300, 0, 0, 0, 700));

            assertThat(decision.outcome()).isEqualTo(PASS);
            assertThat(decision.reasons()).containsExactly(
                    "soaked 2d of 1d minimum",
                    "300 finished, 20 needed",
                    "300 finished, 30 needed (10 % of 300 offered)",
                    "failure rate upper bound 1.3 % ≤ 2 % (0 of 300 finished failed)");
        }

        @Test
        void aPerfectRingNeeds189ReportsToBeConfidentlyUnder2Percent() {
            // 0 of 189: upper 1.992 % ≤ 2 %; 0 of 188: upper 2.0024 % > 2 %.
            GateDecision enough = soakedTwoDays(rule(), health(189, 189, 0, 0, 0, 0));
            GateDecision oneShort = soakedTwoDays(rule(), health(188, 188, 0, 0, 0, 0));

            assertThat(enough.outcome()).isEqualTo(PASS);
            assertThat(enough.reasons()).contains("failure rate upper bound 1.99 % ≤ 2 % (0 of 189 finished failed)");
            assertThat(oneShort.outcome()).isEqualTo(WAIT);
            assertThat(oneShort.reasons()).containsExactly(
                    "failure rate upper bound 2.002 % > 2 % (0 of 188 finished failed)");
        }

        @Test
        void anUpperBoundExactlyAtTheThresholdPasses() {
            double upper = WilsonBound.upper(0, 300);
            RingHealth clean = health(300, 300, 0, 0, 0, 0);

            assertThat(soakedTwoDays(rule(new BigDecimal(upper), 10), clean).outcome()).isEqualTo(PASS);
            assertThat(soakedTwoDays(rule(new BigDecimal(Math.nextDown(upper)), 10), clean).outcome()).isEqualTo(WAIT);
        }

        @Test
        void silentDevicesCountAsFailedWhenPassing() {
            // 1 of 300 is 1.86 % upper (passes at 2 %); 8 of 300 silent is not, though nobody reported failure.
            GateDecision fewSilent = soakedTwoDays(rule(), health(300, 299, 0, 1, 0, 700));
            GateDecision manySilent = soakedTwoDays(rule(), health(300, 292, 0, 8, 0, 700));

            assertThat(fewSilent.outcome()).isEqualTo(PASS);
            assertThat(fewSilent.reasons()).contains("failure rate upper bound 1.9 % ≤ 2 % (1 of 300 finished failed)");
            // 8 of 300: upper bound 5.2 % > 2 %, lower bound 1.36 % ≤ 2 %, so not a halt either.
            assertThat(manySilent.outcome()).isEqualTo(WAIT);
            assertThat(manySilent.reasons()).last()
                    .isEqualTo("failure rate upper bound 5.2 % > 2 % (8 of 300 finished failed)");
        }

        @Test
        void devicesStillDownloadingOrInstallingHaveNotFinished() {
            RingHealth health = new RingHealth(300, 150, 140, 10, 0, 0, 0, 0);

            GateDecision decision = soakedTwoDays(rule(), health);

            assertThat(decision.outcome()).isEqualTo(WAIT);
            assertThat(decision.reasons()).containsExactly(
                    "10 finished, 20 needed",
                    "10 finished, 30 needed (10 % of 300 offered)",
                    "failure rate upper bound 27.8 % > 2 % (0 of 10 finished failed)");
        }
    }

    @Nested
    class Waiting {

        @Test
        void noReportsWaitForEverything() {
            GateDecision decision = soakedTwoDays(rule(), new RingHealth(50, 10, 0, 0, 0, 0, 0, 450));

            assertThat(decision.outcome()).isEqualTo(WAIT);
            assertThat(decision.reasons()).containsExactly(
                    "0 finished, 20 needed",
                    "0 finished, 5 needed (10 % of 50 offered)",
                    "failure rate upper bound 100.0 % > 2 % (0 of 0 finished failed)");
        }

        @Test
        void anEmptyRingNeverPassesHoweverLaxTheRule() {
            GateRule lax = new GateRule(0, BigDecimal.ZERO, new BigDecimal("0.99"), Duration.ZERO, Duration.ofHours(1), 1);

            GateDecision decision = GateEvaluator.evaluate(lax, health(0, 0, 0, 0, 0, 0), Duration.ZERO);

            assertThat(decision.outcome()).isEqualTo(WAIT);
            assertThat(decision.reasons()).containsExactly(
                    "failure rate upper bound 100.0 % > 99 % (0 of 0 finished failed)");
        }

        @Test
        void soakNotElapsedWaitsEvenWithPerfectReports() {
            GateDecision decision = GateEvaluator.evaluate(rule(), health(300, 300, 0, 0, 0, 0),
                    Duration.ofHours(23).plusMinutes(30));

            assertThat(decision.outcome()).isEqualTo(WAIT);
            assertThat(decision.reasons()).containsExactly("soaked 23h 30m of 1d minimum (30m to go)");
        }

        @Test
        void soakIsMetAtExactlyTheMinimum() {
            GateDecision decision = GateEvaluator.evaluate(rule(), health(300, 300, 0, 0, 0, 0), DAY);

            assertThat(decision.outcome()).isEqualTo(PASS);
            assertThat(decision.reasons()).contains("soaked 1d of 1d minimum");
        }

        @Test
        void noSoakAtAllIsShownAsZero() {
            GateDecision decision = GateEvaluator.evaluate(rule(), health(300, 300, 0, 0, 0, 0), Duration.ZERO);

            assertThat(decision.reasons()).containsExactly("soaked 0s of 1d minimum (1d to go)");
        }

        @Test
        void theFinishedShareIsRoundedUp() {
            // Only the share matters here: no absolute minimum, no soak, and 0 of 3 (upper 56.1 %) is under 60 %.
            GateRule shareOnly = new GateRule(0, new BigDecimal("0.1"), new BigDecimal("0.6"), Duration.ZERO,
                    Duration.ofHours(4), 10);

            GateDecision exactlyAShare = GateEvaluator.evaluate(shareOnly, health(30, 3, 0, 0, 0, 0), Duration.ZERO);
            GateDecision halfRoundedUp = GateEvaluator.evaluate(shareOnly, health(25, 3, 0, 0, 0, 0), Duration.ZERO);
            GateDecision justOver = GateEvaluator.evaluate(shareOnly, health(31, 3, 0, 0, 0, 0), Duration.ZERO);

            assertThat(exactlyAShare.outcome()).isEqualTo(PASS);
            assertThat(exactlyAShare.reasons()).contains("3 finished, 3 needed (10 % of 30 offered)");
            assertThat(halfRoundedUp.outcome()).isEqualTo(PASS);
            assertThat(halfRoundedUp.reasons()).contains("3 finished, 3 needed (10 % of 25 offered)");
            assertThat(justOver.outcome()).isEqualTo(WAIT);
            assertThat(justOver.reasons()).containsExactly("3 finished, 4 needed (10 % of 31 offered)");
        }

        @Test
        void aPerfectReleaseWithFewReportsWaitsRatherThanHalts() {
            // 0 of 40: the upper bound (8.8 %) is far above 2 %, but nothing says the release is bad.
            GateDecision decision = soakedTwoDays(rule(), health(400, 40, 0, 0, 0, 360));

            assertThat(decision.outcome()).isEqualTo(WAIT);
            assertThat(decision.reasons()).containsExactly("failure rate upper bound 8.8 % > 2 % (0 of 40 finished failed)");
        }
    }

    @Nested
    class Halting {

        @Test
        void allFailedHalts() {
            GateDecision decision = soakedTwoDays(rule(), health(10, 0, 10, 0, 0, 90));

            assertThat(decision.outcome()).isEqualTo(HALT);
            assertThat(decision.reasons()).containsExactly(
                    "failure rate lower bound 72.2 % > 2 % (10 of 10 finished failed, 0 of them silent)");
        }

        @Test
        void allFailedBelowTheMinimumReportsWaits() {
            GateDecision decision = soakedTwoDays(rule(), health(9, 0, 9, 0, 0, 91));

            assertThat(decision.outcome()).isEqualTo(WAIT);
            assertThat(decision.reasons()).containsExactly(
                    "failure rate lower bound 70.1 % > 2 %, but a halt needs 10 finished and 9 are",
                    "9 finished, 20 needed",
                    "failure rate upper bound 100.0 % > 2 % (9 of 9 finished failed)");
        }

        @Test
        void aBadRatioHaltsOnlyOnceThereAreEnoughReports() {
            GateRule fivePercent = rule(new BigDecimal("0.05"), 10);

            // 25 % failed both times. 2 of 8: lower bound 7.1 % is above 5 %, but 8 reports are below 10.
            GateDecision tooFew = soakedTwoDays(fivePercent, health(100, 6, 2, 0, 0, 900));
            // 5 of 20: lower bound 11.2 % > 5 % with 20 reports.
            GateDecision enough = soakedTwoDays(fivePercent, health(100, 15, 5, 0, 0, 900));

            assertThat(tooFew.outcome()).isEqualTo(WAIT);
            assertThat(tooFew.reasons()).first()
                    .isEqualTo("failure rate lower bound 7.1 % > 5 %, but a halt needs 10 finished and 8 are");
            assertThat(enough.outcome()).isEqualTo(HALT);
            assertThat(enough.reasons()).containsExactly(
                    "failure rate lower bound 11.2 % > 5 % (5 of 20 finished failed, 0 of them silent)");
        }

        @Test
        void aFailureRateNotConfidentlyAboveTheThresholdDoesNotHalt() {
            // 1 of 10: lower bound 1.79 % ≤ 2 %, upper 40.4 % > 2 %: wait for more reports.
            GateDecision decision = soakedTwoDays(rule(), health(100, 9, 1, 0, 0, 900));

            assertThat(decision.outcome()).isEqualTo(WAIT);
        }

        @Test
        void aLowerBoundExactlyAtTheThresholdDoesNotHalt() {
            double lower = WilsonBound.lower(5, 20);
            RingHealth health = health(100, 15, 5, 0, 0, 900);

            assertThat(soakedTwoDays(rule(new BigDecimal(lower), 10), health).outcome()).isEqualTo(WAIT);
            assertThat(soakedTwoDays(rule(new BigDecimal(Math.nextDown(lower)), 10), health).outcome()).isEqualTo(HALT);
        }

        @Test
        void haltingIgnoresSoakAndMinimumFinished() {
            GateDecision decision = GateEvaluator.evaluate(rule(), health(1000, 5, 5, 0, 0, 0), Duration.ofMinutes(10));

            assertThat(decision.outcome()).isEqualTo(HALT);
        }
    }

    @Nested
    class Silence {

        @Test
        void silenceOnlyAmongUpdatedDevicesHalts() {
            GateDecision decision = soakedTwoDays(rule(), health(40, 30, 0, 10, 10, 1000));

            assertThat(decision.outcome()).isEqualTo(HALT);
            assertThat(decision.reasons()).containsExactly(
                    "10 of 40 offered devices went silent (25.0 %) but only 10 of 1000 not-yet-updated devices went quiet"
                            + " (1.0 %): silence counts as failure",
                    "failure rate lower bound 14.2 % > 2 % (10 of 40 finished failed, 10 of them silent)");
        }

        @Test
        void aCanaryThatBricksEveryDeviceHaltsThoughNothingReported() {
            GateDecision decision = soakedTwoDays(rule(), health(10, 0, 0, 10, 5, 990));

            assertThat(decision.outcome()).isEqualTo(HALT);
            assertThat(decision.reasons()).last().isEqualTo(
                    "failure rate lower bound 72.2 % > 2 % (10 of 10 finished failed, 10 of them silent)");
        }

        @Test
        void everyoneQuietPutsTheRingOnHold() {
            // 30 % of the offered devices silent, 28 % of the others quiet: an outage, not the release.
            GateDecision decision = soakedTwoDays(rule(), health(40, 28, 0, 12, 280, 1000));

            assertThat(decision.outcome()).isEqualTo(HOLD);
            assertThat(decision.reasons()).containsExactly(
                    "12 of 40 offered devices went silent (30.0 %) and 280 of 1000 not-yet-updated devices went quiet"
                            + " (28.0 %) too: looks like an outage rather than the release",
                    "counting the silent devices as failed would halt: failure rate lower bound 18.1 % > 2 %"
                            + " (12 of 40 finished failed, 12 of them silent); the reported results alone would not"
                            + " (0 of 28 reported failed), so the ring is on hold until the quiet devices check in again");
        }

        @Test
        void anOutageDoesNotHideReportedFailures() {
            // Outage-like silence, but 8 of 28 reported failures (lower bound 15.3 %) halt on their own.
            GateDecision decision = soakedTwoDays(rule(), health(40, 20, 8, 12, 300, 1000));

            assertThat(decision.outcome()).isEqualTo(HALT);
            assertThat(decision.reasons()).last().isEqualTo(
                    "failure rate lower bound 35.2 % > 2 % (20 of 40 finished failed, 12 of them silent)");
        }

        @Test
        void anOutageWithTooFewReportsOfItsOwnHolds() {
            // 3 of 5 reported failed is a bad ratio, but 5 reports are below the 10 a halt needs.
            GateDecision decision = soakedTwoDays(rule(), health(40, 2, 3, 35, 800, 1000));

            assertThat(decision.outcome()).isEqualTo(HOLD);
        }

        @Test
        void quietAtExactlyHalfTheSilentShareIsAnOutage() {
            // 10 % of offered silent (10 of 100 → lower bound 5.5 % halts); half of that is 5 % = 50 of 1000.
            assertThat(GateEvaluator.OUTAGE_QUIET_RATIO).isEqualTo(0.5);
            GateDecision half = soakedTwoDays(rule(), health(100, 90, 0, 10, 50, 1000));
            GateDecision lessThanHalf = soakedTwoDays(rule(), health(100, 90, 0, 10, 49, 1000));

            assertThat(half.outcome()).isEqualTo(HOLD);
            assertThat(lessThanHalf.outcome()).isEqualTo(HALT);
        }

        @Test
        void withNoDeviceToCompareWithSilenceIsFailure() {
            GateDecision decision = soakedTwoDays(rule(), health(40, 28, 0, 12, 0, 0));

            assertThat(decision.outcome()).isEqualTo(HALT);
            assertThat(decision.reasons()).first().isEqualTo(
                    "12 of 40 offered devices went silent (30.0 %) and there are no not-yet-updated devices to compare"
                            + " with: silence counts as failure");
        }

        @Test
        void backgroundQuietDoesNotHoldAHealthyRing() {
            // One silent device in 300 and 3 quiet in 900: alike, but far too little to halt, so no hold either;
            // the silent device still counts as failed (1 of 300: upper bound 1.86 % ≤ 2 %).
            GateDecision decision = soakedTwoDays(rule(), health(300, 299, 0, 1, 3, 900));

            assertThat(decision.outcome()).isEqualTo(PASS);
            assertThat(decision.reasons()).first().isEqualTo(
                    "1 of 300 offered devices went silent (0.3 %) and 3 of 900 not-yet-updated devices went quiet"
                            + " (0.3 %) too: looks like an outage rather than the release");
            assertThat(decision.reasons()).last().isEqualTo(
                    "failure rate upper bound 1.9 % ≤ 2 % (1 of 300 finished failed)");
        }

        @Test
        void holdDoesNotWaitForTheSoak() {
            GateDecision decision = GateEvaluator.evaluate(rule(), health(40, 28, 0, 12, 280, 1000), Duration.ofMinutes(5));

            assertThat(decision.outcome()).isEqualTo(HOLD);
        }
    }

    @Test
    void theSameInputsGiveTheSameDecision() {
        RingHealth health = health(40, 28, 0, 12, 280, 1000);

        assertThat(soakedTwoDays(rule(), health)).isEqualTo(soakedTwoDays(rule(), health));
    }

    @Test
    void missingOrNegativeArgumentsAreRefused() {
        RingHealth health = health(1, 1, 0, 0, 0, 0);

        assertThatThrownBy(() -> GateEvaluator.evaluate(null, health, DAY)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> GateEvaluator.evaluate(rule(), null, DAY)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> GateEvaluator.evaluate(rule(), health, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> GateEvaluator.evaluate(rule(), health, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("soaked must not be negative");
    }
}
