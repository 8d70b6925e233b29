package io.gameport.sample.account;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of JDBC connections lent to one caller at a time. Sized to the slow-work pool's
 * thread count, so a borrower never waits for long; a connection found broken is replaced.
 * Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {

    private final AccountStoreConfig config;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    ConnectionPool(AccountStoreConfig config) throws SQLException {
        this.config = config;
        this.idle = new ArrayBlockingQueue<>(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            Connection connection = open();
            idle.add(connection);
        }
    }

    Connection borrow() throws SQLException {
        Connection connection;
        try {
            connection = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        if (connection.isClosed()) {
            connection = replace(connection);
        }
        return connection;
    }

    /** Returns a connection; one that failed mid-use is closed and replaced on next borrow. */
    void giveBack(Connection connection, boolean broken) {
        if (broken) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken: the replacement on next borrow is what matters.
            }
        }
        idle.add(connection);
    }

    private synchronized Connection replace(Connection dead) throws SQLException {
        all.remove(dead);
        try {
            return open();
        } catch (SQLException e) {
            idle.add(dead);
            throw e;
        }
    }

    private synchronized Connection open() throws SQLException {
        if (closed) {
            throw new SQLException("account store is closed");
        }
        Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        all.add(connection);
        return connection;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing at shutdown: nothing left to do with a connection that fails to close.
            }
        }
        all.clear();
    }
}
