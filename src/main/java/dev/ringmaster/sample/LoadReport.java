package dev.ringmaster.sample;

/** What a load found in the files, and how many of those rows it had to create. */
public record LoadReport(int products, int tenants, int devices, int groups, int policies, int created) {

    LoadReport plus(LoadReport other) {
        return new LoadReport(products + other.products, tenants + other.tenants, devices + other.devices,
                groups + other.groups, policies + other.policies, created + other.created);
    }
}
