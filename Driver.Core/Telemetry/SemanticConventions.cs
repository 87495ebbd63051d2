namespace Driver.Core.Telemetry;

/// <summary>Attribute and instrument names of OpenTelemetry's (stable) database-client semantic conventions.</summary>
internal static class SemanticConventions
{
    public const string OperationDuration = "db.client.operation.duration";

    public const string DbSystemName = "db.system.name";
    public const string DbNamespace = "db.namespace";
    public const string DbOperationName = "db.operation.name";
    public const string DbOperationBatchSize = "db.operation.batch.size";
    public const string DbQueryText = "db.query.text";
    public const string DbStoredProcedureName = "db.stored_procedure.name";
    public const string DbResponseStatusCode = "db.response.status_code";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
}
