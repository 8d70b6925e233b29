package io.gameport.sample.work;

/** The slow-work queue is full: the caller replies "busy" instead of waiting. */
public final class BusyException extends RuntimeException {
    public BusyException(int queueCapacity) {
        super("slow-work queue full (" + queueCapacity + " waiting)", null, false, false);
    }
}
