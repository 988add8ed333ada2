package dev.ringmaster.device;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a device endpoint whose revalidations (requests with {@code If-None-Match}) may be authenticated
 * from {@link DeviceTokenCache}, so that an unchanged answer costs no database round trip.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RevalidatedFromCache {
}
