using System.Buffers;
using Phantom.Streams.Events;

namespace Phantom.Streams.Codec;

/// <summary>
/// Turns a user-agent string into <see cref="UserAgentFlags"/> (PHANTOM-MODEL.md section 3) from its UTF-8 bytes, so
/// features never hold the string and the codec never allocates one.
/// </summary>
/// <remarks>
/// Headless and automation markers are matched case-insensitively: tools spell them freely (<c>HeadlessChrome</c>,
/// <c>headless</c>, <c>ChromeDriver</c>). Browser-family tokens are matched as browsers send them, in the usual
/// precedence: Edge UAs also carry <c>Chrome</c> and <c>Safari</c>, Chrome UAs also carry <c>Safari</c>, and Opera
/// (<c>OPR/</c>) carries <c>Chrome</c> but is not Chrome, so it counts as Other.
/// </remarks>
public static class UserAgentClassifier
{
    private const int StackLimit = 512;

    public static UserAgentFlags Classify(ReadOnlySpan<byte> userAgent)
    {
        var flags = UserAgentFlags.Present;
        byte[]? rented = null;
        var lower = userAgent.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(userAgent.Length);
        lower = lower[..userAgent.Length];
        // The vectorised ASCII lowering stops at the first non-ASCII byte; the rest is lowered byte by byte.
        System.Text.Ascii.ToLower(userAgent, lower, out var lowered);
        for (var i = lowered; i < userAgent.Length; i++)
        {
            var b = userAgent[i];
            lower[i] = (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
        }

        if (lower.IndexOf("headless"u8) >= 0 || lower.IndexOf("phantomjs"u8) >= 0)
        {
            flags |= UserAgentFlags.Headless;
        }

        if (lower.IndexOf("selenium"u8) >= 0 || lower.IndexOf("playwright"u8) >= 0
            || lower.IndexOf("puppeteer"u8) >= 0 || lower.IndexOf("webdriver"u8) >= 0
            || lower.IndexOf("chromedriver"u8) >= 0 || lower.IndexOf("geckodriver"u8) >= 0)
        {
            flags |= UserAgentFlags.Automation;
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return flags | Family(userAgent);
    }

    private static UserAgentFlags Family(ReadOnlySpan<byte> ua)
    {
        if (ua.IndexOf("Edg"u8) >= 0)
        {
            return UserAgentFlags.FamilyEdge;
        }

        if (ua.IndexOf("OPR/"u8) >= 0 || ua.IndexOf("Opera"u8) >= 0)
        {
            return UserAgentFlags.FamilyOther;
        }

        if (ua.IndexOf("Firefox"u8) >= 0 || ua.IndexOf("FxiOS"u8) >= 0)
        {
            return UserAgentFlags.FamilyFirefox;
        }

        if (ua.IndexOf("Chrome"u8) >= 0 || ua.IndexOf("CriOS"u8) >= 0 || ua.IndexOf("Chromium"u8) >= 0)
        {
            return UserAgentFlags.FamilyChrome;
        }

        return ua.IndexOf("Safari"u8) >= 0 ? UserAgentFlags.FamilySafari : UserAgentFlags.FamilyOther;
    }
}
