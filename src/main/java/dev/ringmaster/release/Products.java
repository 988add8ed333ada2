package dev.ringmaster.release;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.rollout.RingPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Listing and creating products. Products are vendor-wide, so their audit entries carry no tenant. */
@ApplicationScoped
public class Products {

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public List<ProductResource.ProductView> list() {
        Map<UUID, String> defaultPlans = RingPlan.<RingPlan>list("isDefault", true).stream()
                .collect(Collectors.toMap(plan -> plan.product.id, plan -> plan.name));
        return Product.<Product>list("order by key").stream()
                .map(product -> view(product, defaultPlans.get(product.id)))
                .toList();
    }

    @Transactional
    public ProductResource.ProductView create(ProductResource.CreateProduct request) {
        if (Product.findByKey(request.key()).isPresent()) {
            throw new ConflictException("a product with the key '" + request.key() + "' already exists");
        }
        Product product = new Product();
        product.id = UUID.randomUUID();
        product.key = request.key();
        product.name = request.name().strip();
        product.description = request.description();
        product.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        product.persist();
        audit.record(null, "product.create", "product", product.key, null, state(product));
        return view(product, null);
    }

    /** The product with the key, or 404. */
    public Product require(String key) {
        return Product.findByKey(key).orElseThrow(() -> new NotFoundException("no product '" + key + "'"));
    }

    private static ProductResource.ProductView view(Product product, String defaultPlan) {
        return new ProductResource.ProductView(product.key, product.name, product.description, defaultPlan, product.createdAt);
    }

    private static Map<String, Object> state(Product product) {
        Map<String, Object> state = new HashMap<>();
        state.put("key", product.key);
        state.put("name", product.name);
        state.put("description", product.description);
        return state;
    }
}
