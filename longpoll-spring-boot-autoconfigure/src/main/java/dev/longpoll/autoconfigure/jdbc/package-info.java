/**
 * Auto-configuration of the JDBC cursor store.
 */
@NullMarked
package dev.longpoll.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
