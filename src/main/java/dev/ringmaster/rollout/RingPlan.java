package dev.ringmaster.rollout;

import dev.ringmaster.release.Product;
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

    @OneToMany(mappedBy = "plan", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<Ring> rings = new ArrayList<>();

    public static Optional<RingPlan> find(Product product, String name) {
        return find("product = ?1 and name = ?2", product, name).firstResultOptional();
    }
}
