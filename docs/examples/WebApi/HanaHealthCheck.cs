using Driver.Async;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebApi;

/// <summary>GET /health: healthy when a pooled session answers a query (the health check's token is RequestAborted).</summary>
internal sealed class HanaHealthCheck(HanaDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new HanaCommand("SELECT 1 FROM DUMMY", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (error is HanaException or TimeoutException)
        {
            // the exception goes to the health check log, not into the response
            return new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", error);
        }
    }
}
