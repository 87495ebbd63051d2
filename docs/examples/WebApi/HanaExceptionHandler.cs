using Driver.Async;
using Driver.Pooling;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace WebApi;

/// <summary>
/// Turns database errors that escape an endpoint into problem details (RFC 9457) with a fitting status code: a
/// violated constraint is the client's fault (400, or 409 when it collides with existing data), an exhausted pool
/// or a lost connection is a 503, anything else a 500. The HANA message is not sent (it names tables and
/// constraints); the HANA error code is, as <c>hanaCode</c>.
/// </summary>
internal sealed class HanaExceptionHandler(IProblemDetailsService problemDetails, ILogger<HanaExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The status of a request whose client went away (nginx's convention; nobody reads the response).</summary>
    private const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is HanaConnectionException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // the request's token cancelled the database call: the connection was closed, the session discarded
            httpContext.Response.StatusCode = ClientClosedRequest;
            return true;
        }

        var (status, title) = exception switch
        {
            PoolExhaustedException => (StatusCodes.Status503ServiceUnavailable, "The database is busy; try again."),
            HanaConnectionException => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again."),
            HanaException { Code: 301 } => (StatusCodes.Status409Conflict, "The data conflicts with existing data (unique constraint)."),
            HanaException { Code: 461 } => (StatusCodes.Status409Conflict, "The data is referenced by or refers to other data (foreign key)."),
            HanaException { Code: 133 } => (StatusCodes.Status409Conflict, "A concurrent change got there first; try again."),
            HanaException { Code: 287 or 677 or 314 or 266 or 339 or 303 } => (StatusCodes.Status400BadRequest, "The data breaks a rule of the database."),
            HanaException => (StatusCodes.Status500InternalServerError, "A database error occurred."),
            _ => (0, null),
        };
        if (title is null)
        {
            return false; // not a database error: the default handler answers 500
        }

        if (status >= 500)
        {
            logger.LogError(exception, "Database error answered with {Status}.", status);
        }
        else
        {
            logger.LogInformation("Database rule answered with {Status}: HANA error {Code}.", status, ((HanaException)exception).Code);
        }
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }
        var problem = new ProblemDetails { Status = status, Title = title };
        if (exception is HanaException hana && exception is not HanaConnectionException)
        {
            problem.Extensions["hanaCode"] = hana.Code;
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
