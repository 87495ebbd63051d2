using Microsoft.AspNetCore.Http.HttpResults;

namespace WebApi;

/// <summary>
/// /products: list with paging, get, create, replace, delete. The CancellationToken parameters are bound to
/// HttpContext.RequestAborted, so a client that goes away cancels its database work.
/// </summary>
internal static class ProductEndpoints
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapProducts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/products");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPost("/", CreateAsync);
        group.MapPut("/{id:long}", UpdateAsync);
        group.MapDelete("/{id:long}", DeleteAsync);
        return group;
    }

    private static async Task<Results<Ok<ProductPage>, ValidationProblem>> ListAsync(ProductStore store, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["The page starts at 1."];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"The page size is 1 to {MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await store.ListAsync(page, pageSize, cancellationToken));
    }

    private static async Task<Results<Ok<Product>, NotFound>> GetAsync(long id, ProductStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();

    private static async Task<Results<Created<Product>, ValidationProblem>> CreateAsync(ProductInput input, ProductStore store, CancellationToken cancellationToken)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var product = await store.CreateAsync(input, cancellationToken);
        return TypedResults.Created($"/products/{product.Id}", product);
    }

    private static async Task<Results<Ok<Product>, NotFound, ValidationProblem>> UpdateAsync(long id, ProductInput input, ProductStore store, CancellationToken cancellationToken)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await store.UpdateAsync(id, input, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(long id, ProductStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
