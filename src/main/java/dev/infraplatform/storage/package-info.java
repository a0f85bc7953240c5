/**
 * Storage: the shared storage engine every module stands on — {@link dev.infraplatform.storage.AppendLog}
 * (segmented, checksummed, group-committed), {@link dev.infraplatform.storage.SnapshotStore} (atomic,
 * verified, generational) and the Catalog (Spring Data JPA on H2 or PostgreSQL). Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage")
package dev.infraplatform.storage;
