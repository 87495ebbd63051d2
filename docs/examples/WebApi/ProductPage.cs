namespace WebApi;

/// <summary>One page of GET /products, with the total for the client's pager.</summary>
public sealed record ProductPage(IReadOnlyList<Product> Items, int Page, int PageSize, long Total);
