namespace Driver.Tests.Docs.TestingYourApp;

// docs/testing-your-app.md quotes the region verbatim (TestingYourAppDocTests); these tests run with the suite
#region tests
public class OrderRepositoryTests(HanaServerFixture fixture) : IClassFixture<HanaServerFixture>
{
    private readonly OrderRepository _repository = new(fixture.Server.ConnectionString);

    [Fact]
    public async Task ASavedOrderIsReadBack()
    {
        await _repository.SaveAsync(new Order(1, "ACME", 12.50m));

        Assert.Equal(new Order(1, "ACME", 12.50m), await _repository.FindAsync(1));
        Assert.Null(await _repository.FindAsync(999));
    }

    [Fact]
    public async Task ASecondOrderWithTheSameIdIsRefusedAsHanaWouldRefuseIt()
    {
        await _repository.SaveAsync(new Order(2, "ACME", 1m));

        var error = await Assert.ThrowsAsync<Driver.Async.HanaException>(() => _repository.SaveAsync(new Order(2, "Other", 2m)));
        Assert.Equal(301, error.Code);                   // unique constraint violated, HANA's code
        Assert.Equal("23000", error.SqlState);
    }
}
#endregion
