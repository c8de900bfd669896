package dev.longpoll.sample;

import java.time.Instant;

/**
 * One notification of the feed.
 *
 * @param id its position in the feed, from 1
 * @param text what it says
 * @param createdAt when it was published
 */
public record Notification(long id, String text, Instant createdAt) {

}
