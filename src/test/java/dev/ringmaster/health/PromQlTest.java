package dev.ringmaster.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void readsTheMetricsAndNotTheFunctionsLabelsRangesOrGroupings() {
        assertThat(PromQl.metricNames("sum by (cause) (increase(ringmaster_rollout_transitions_total{cause=~\"halt|x\"}[10m])) > 0"))
                .containsExactly("ringmaster_rollout_transitions_total");
        assertThat(PromQl.metricNames("count(a_b == 0) or vector(0)")).containsExactly("a_b");
        assertThat(PromQl.metricNames("sum(rate(x_sum[$__rate_interval])) / sum by (instance) (y) > 0.9e1"))
                .containsExactly("x_sum", "y");
    }
}
