namespace Driver.TestServer;

/// <summary>
/// One statement the server executed (EXECUTEDIRECT or EXECUTE), with the listener it arrived on, so tests can
/// assert where a driver routed it (<see cref="TestServer.Executions"/>).
/// </summary>
/// <param name="Node">The node's number (1-based); 0 for a tenant or system-database port.</param>
/// <param name="Port">The port the session is connected to.</param>
/// <param name="DatabaseName">The database the session is in.</param>
/// <param name="ConnectionId">The session's connection id (as CONNECT reported it).</param>
/// <param name="Sql">The statement's text.</param>
public sealed record ExecutedStatement(int Node, int Port, string DatabaseName, int ConnectionId, string Sql);
