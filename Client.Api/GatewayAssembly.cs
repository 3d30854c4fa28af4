namespace Orleans.Rec.Api;

/// <summary>
/// Names the gateway's assembly: tests start the gateway with <c>WebApplicationFactory&lt;GatewayAssembly&gt;</c>
/// (both hosts have a top-level <c>Program</c>, so that name is ambiguous to a project that references both).
/// </summary>
public sealed class GatewayAssembly
{
    private GatewayAssembly()
    {
    }
}
