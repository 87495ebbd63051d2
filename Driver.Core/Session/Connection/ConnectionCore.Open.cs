namespace Driver.Core.Session;

// The sign-in workflow, written once: AUTHENTICATE, CONNECT (§8), then the schema of the connection string. The
// TCP connect, TLS handshake and hello come before it from the transport's pair (ConnectionCore.Io.cs); the
// whole open runs under the Connect Timeout as a hard deadline (ConnectionCore.Deadlines.cs).
internal sealed partial class ConnectionCore
{
    private sealed class OpenWorkflow : Workflow<bool>
    {
        private readonly ConnectionCore _core;
        private readonly bool _setSchema;

        public OpenWorkflow(ConnectionCore core, bool setSchema)
            : base(TimeSpan.Zero)
        {
            _core = core;
            _setSchema = setSchema;
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            yield return Step.Send(_core.BuildAuthenticate());
            _core.ApplyAuthenticateReply(Reply);
            yield return Step.Send(_core.BuildConnect());
            _core.ApplyConnectReply(Reply);
            if (_setSchema && _core.OpenSchema is { } schema)
            {
                var setSchema = new DirectExecution(PooledSessionFactory.SetSchemaSql(schema), autoCommit: true, _core._settings.FetchSize, TimeSpan.Zero);
                foreach (var step in Include(setSchema, connection))
                {
                    yield return step;
                }
                setSchema.Result.ResultSet?.Dispose();
            }
            _core.SessionStateChanged = false;
            _core.Opened();
            Result = true;
        }
    }
}
