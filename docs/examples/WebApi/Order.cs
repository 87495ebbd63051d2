namespace WebApi;

/// <summary>A row of ORDERS, as the API returns it.</summary>
public sealed record Order(long Id, long ProductId, int Quantity, DateTime CreatedAt);
