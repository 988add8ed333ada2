package dev.ringmaster.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One customer organisation, or the vendor's own fleet when {@code internal}. Its id is a slug, the alias of its
 * Keycloak Organization.
 */
@Entity
@Table(name = "tenants")
public class Tenant extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TenantStatus status;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    /**
     * The vendor's own devices, enrolled like a customer's: they sit in ring 0 of every plan (the internal ring where
     * the plan has one). Only the vendor sets it.
     */
    @Column(nullable = false)
    public boolean internal;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Tenant> findOptional(String id) {
        return findByIdOptional(id);
    }

    public static List<Tenant> listOrdered() {
        return list("order by id");
    }
}
