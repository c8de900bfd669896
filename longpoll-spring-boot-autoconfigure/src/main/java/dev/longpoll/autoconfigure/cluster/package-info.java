/**
 * Auto-configuration of several instances sharing their long-poll listeners through leases.
 */
@NullMarked
package dev.longpoll.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
