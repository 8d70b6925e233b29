package io.gameport.sample.work;

/** Work taken off the queue after its asker had gone: not run (see {@link SlowWorkPool#submit(java.util.concurrent.Callable, java.util.function.BooleanSupplier)}). */
public final class AbandonedException extends RuntimeException {

    public AbandonedException() {
        super("the asker had gone before a thread took the work; not run", null, false, false);
    }
}
