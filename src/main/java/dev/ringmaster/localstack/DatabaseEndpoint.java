package dev.ringmaster.localstack;

/** Where a PostgreSQL server answers, and as whom to connect. */
public record DatabaseEndpoint(String host, int port, String username, String password) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The same server, as another role. */
    public DatabaseEndpoint as(String otherUsername, String otherPassword) {
        return new DatabaseEndpoint(host, port, otherUsername, otherPassword);
    }
}
