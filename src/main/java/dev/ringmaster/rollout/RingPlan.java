package dev.ringmaster.rollout;

import dev.ringmaster.release.Product;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortPlan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The vendor's ordered rings for a product. */
@Entity
@Table(name = "ring_plans")
public class RingPlan extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "product_id")
    public Product product;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String salt;

    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    @Column(nullable = false)
    public boolean emergency;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Comma-separated cohort keys in their order (CohortPlan); empty when the plan judges rings as a whole. */
    @Column(name = "cohort_keys", nullable = false)
    public String cohortKeys = "";

    @Column(name = "cohort_min_sample", nullable = false)
    public int cohortMinSample = CohortPlan.DEFAULT_MIN_SAMPLE;

    @Column(name = "cohort_failure", nullable = false)
    public String cohortFailure = CohortFailure.QUARANTINE.code();

    @Column(name = "coverage_min", nullable = false)
    public int coverageMin;

    @OneToMany(mappedBy = "plan", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<Ring> rings = new ArrayList<>();

    /** The stored cohort settings, read back into the rule's own form. */
    public CohortPlan cohorts() {
        List<String> keys = cohortKeys.isEmpty() ? List.of() : List.of(cohortKeys.split(","));
        return new CohortPlan(keys, cohortMinSample, CohortFailure.fromCode(cohortFailure).orElseThrow(), coverageMin);
    }

    public void cohorts(CohortPlan cohorts) {
        cohortKeys = String.join(",", cohorts.keys());
        cohortMinSample = cohorts.minSample();
        cohortFailure = cohorts.onFailure().code();
        coverageMin = cohorts.coverageMin();
    }

    public static Optional<RingPlan> find(Product product, String name) {
        return find("product = ?1 and name = ?2", product, name).firstResultOptional();
    }
}
