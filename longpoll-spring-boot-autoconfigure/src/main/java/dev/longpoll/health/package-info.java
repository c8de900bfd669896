/**
 * Health of long-poll listeners for Spring Boot Actuator.
 */
@NullMarked
package dev.longpoll.health;

import org.jspecify.annotations.NullMarked;
