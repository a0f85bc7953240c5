/**
 * Recipes on top of the cache engine: a distributed lock and rate limiters, built only from
 * ordinary Redis commands and transactions on ordinary keys (a user can inspect them with GET,
 * PTTL, ZRANGE), so that any front door (REST now, RESP later) can offer them.
 */
package dev.infraplatform.cache.recipe;
