namespace Phantom.Streams.Events;

/// <summary>
/// What the user-agent string says (PHANTOM-MODEL.md section 3): headless and automation markers, and the browser
/// family in the high bits. Computed once from bytes so the features never hold the string.
/// </summary>
[Flags]
public enum UserAgentFlags : byte
{
    None = 0,

    /// <summary>The event carried a user agent at all.</summary>
    Present = 1,

    /// <summary>HeadlessChrome, Headless or PhantomJS.</summary>
    Headless = 2,

    /// <summary>Selenium, Playwright, Puppeteer, WebDriver, chromedriver or geckodriver.</summary>
    Automation = 4,

    FamilyChrome = 1 << 4,
    FamilyFirefox = 2 << 4,
    FamilySafari = 3 << 4,
    FamilyEdge = 4 << 4,
    FamilyOther = 5 << 4,
    FamilyMask = 7 << 4,
}
