/** The search module's translog: each shard's write-ahead log of index and delete operations, on a storage append log. */
package dev.infraplatform.search.translog;
