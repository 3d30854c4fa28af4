namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Puts each HTTP request's id (the caller's <c>X-Request-Id</c>, else ASP.NET Core's trace identifier) into the Orleans
/// request context, so grains can record which request a served list answered (the impression log).
/// </summary>
internal sealed class RequestIdStartupFilter : IStartupFilter
{
    public const string Header = "X-Request-Id";
    private const int MaxLength = 128;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var given = context.Request.Headers[Header].ToString();
            RequestContext.Set(RecNames.RequestIdKey, given.Length is > 0 and <= MaxLength ? given : context.TraceIdentifier);
            return nextMiddleware(context);
        });
        next(app);
    };
}
