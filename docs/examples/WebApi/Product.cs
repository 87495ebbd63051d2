namespace WebApi;

/// <summary>A row of PRODUCTS, as the API returns it.</summary>
public sealed record Product(long Id, string Sku, string Name, decimal Price, int Stock);
