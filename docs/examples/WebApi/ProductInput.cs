namespace WebApi;

/// <summary>The body of POST /products and PUT /products/{id}; every field is required.</summary>
public sealed record ProductInput(string? Sku, string? Name, decimal? Price, int? Stock)
{
    /// <summary>
    /// What the database cannot say well: missing fields and lengths. Negative prices and stock are left to the
    /// table's CHECK constraints, duplicate SKUs to its UNIQUE constraint.
    /// </summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        Text(errors, "sku", Sku, 32);
        Text(errors, "name", Name, 100);
        if (Price is null)
        {
            errors["price"] = ["The price is required."];
        }
        if (Stock is null)
        {
            errors["stock"] = ["The stock is required."];
        }
        return errors;
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"The {field} is required."];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [$"The {field} has at most {maxLength} characters."];
        }
    }
}
