package dev.ringmaster.policy;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The pilot groups a policy names, kept in {@code policy_pilot_groups}. */
@ApplicationScoped
public class PilotGroups {

    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<String> names(UpdatePolicy policy) {
        return Panache.getEntityManager().createNativeQuery("""
                        SELECT g.name FROM policy_pilot_groups p JOIN device_groups g ON g.id = p.group_id
                        WHERE p.tenant_id = ?1 AND g.tenant_id = ?1 AND p.policy_id = ?2 ORDER BY g.name""")
                .setParameter(1, policy.tenantId).setParameter(2, policy.id).getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(UpdatePolicy policy, Collection<UUID> groupIds) {
        var em = Panache.getEntityManager();
        em.createNativeQuery("DELETE FROM policy_pilot_groups WHERE tenant_id = ?1 AND policy_id = ?2")
                .setParameter(1, policy.tenantId).setParameter(2, policy.id).executeUpdate();
        for (UUID groupId : groupIds.stream().distinct().toList()) {
            em.createNativeQuery("INSERT INTO policy_pilot_groups (tenant_id, policy_id, group_id) VALUES (?1, ?2, ?3)")
                    .setParameter(1, policy.tenantId).setParameter(2, policy.id).setParameter(3, groupId).executeUpdate();
        }
    }
}
