/**
 * Auto-configuration of the Redis cursor store.
 */
@NullMarked
package dev.longpoll.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
