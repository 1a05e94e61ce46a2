package dev.syncpack.spi.collection;

/** A live subscription; closing it stops its events. Closing twice is harmless. */
public interface Subscription extends AutoCloseable {

    /** @return the collection subscribed to */
    String collection();

    /** Stops delivering events and releases the subscription's view. */
    @Override
    void close();
}
