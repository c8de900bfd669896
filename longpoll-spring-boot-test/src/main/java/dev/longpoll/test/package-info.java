/**
 * A test kit for applications with long-poll listeners: an in-process long-poll feed
 * server that holds polls, speaks the common cursor styles, publishes events, injects
 * faults and records what it was asked; a JUnit 5 extension that runs one; helpers that
 * wait for a listener to run or to commit a cursor.
 */
@NullMarked
package dev.longpoll.test;

import org.jspecify.annotations.NullMarked;
