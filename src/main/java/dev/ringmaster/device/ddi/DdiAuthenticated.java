package dev.ringmaster.device.ddi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * hawkBit DDI endpoints: {@code Authorization: TargetToken <device token>} for the device named in the path,
 * or {@code GatewayToken <tenant gateway token>} for any device of the tenant named in the path.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DdiAuthenticated {
}
