//! Whether and how to offer installing Rapport on a device. Installed, it opens from the home
//! screen with no network and the browser keeps its data; the browser's own offer is easy to
//! miss, so the app makes a quiet one. Chromium hands over an install prompt; Safari on iPad and
//! iPhone has none, so there the app explains the Share menu instead.

/// What the browser tells about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserFacts<'a> {
    pub user_agent: &'a str,
    /// `navigator.maxTouchPoints`: an iPad reports itself as a Mac, but one with a touch screen.
    pub touch_points: u32,
    /// Already running from the home screen (`display-mode: standalone`).
    pub standalone: bool,
    /// The browser fired `beforeinstallprompt` and its prompt is still unused.
    pub prompt_ready: bool,
}

/// The install action to show, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallOffer {
    /// Installed already, or this browser cannot install.
    Nothing,
    /// The browser's own install dialog is ready to open.
    Prompt,
    /// Safari on iPad or iPhone: "Tap Share, then Add to Home Screen".
    AddToHomeScreen,
}

/// Which offer fits the browser.
pub fn install_offer(b: &BrowserFacts<'_>) -> InstallOffer {
    if b.standalone {
        InstallOffer::Nothing
    } else if b.prompt_ready {
        InstallOffer::Prompt
    } else if is_ios_safari(b.user_agent, b.touch_points) {
        InstallOffer::AddToHomeScreen
    } else {
        InstallOffer::Nothing
    }
}

/// Safari on an iPad, iPhone or iPod; other iOS browsers name themselves (CriOS, FxiOS, …).
fn is_ios_safari(ua: &str, touch_points: u32) -> bool {
    let ios = ["iPad", "iPhone", "iPod"].iter().any(|d| ua.contains(d))
        || (ua.contains("Macintosh") && touch_points > 1);
    let other = ["CriOS", "FxiOS", "EdgiOS", "OPiOS", "GSA/"].iter().any(|b| ua.contains(b));
    ios && ua.contains("Safari") && !other
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPAD: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const CHROME_IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/122.0 Mobile/15E148 Safari/604.1";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36";

    fn facts(user_agent: &str, touch_points: u32) -> BrowserFacts<'_> {
        BrowserFacts { user_agent, touch_points, standalone: false, prompt_ready: false }
    }

    #[test]
    fn chromium_offers_its_prompt_once_it_has_one() {
        assert_eq!(install_offer(&facts(ANDROID, 5)), InstallOffer::Nothing);
        let ready = BrowserFacts { prompt_ready: true, ..facts(ANDROID, 5) };
        assert_eq!(install_offer(&ready), InstallOffer::Prompt);
    }

    #[test]
    fn safari_on_an_ipad_that_calls_itself_a_mac_gets_the_how_to() {
        assert_eq!(install_offer(&facts(IPAD, 5)), InstallOffer::AddToHomeScreen);
        assert_eq!(install_offer(&facts(IPHONE, 5)), InstallOffer::AddToHomeScreen);
        // The same text from a Mac without a touch screen is desktop Safari: nothing to show.
        assert_eq!(install_offer(&facts(IPAD, 0)), InstallOffer::Nothing);
        assert_eq!(install_offer(&facts(CHROME_IPAD, 5)), InstallOffer::Nothing);
    }

    #[test]
    fn an_installed_app_offers_nothing() {
        for ua in [IPAD, ANDROID] {
            let installed = BrowserFacts { standalone: true, prompt_ready: true, ..facts(ua, 5) };
            assert_eq!(install_offer(&installed), InstallOffer::Nothing);
        }
    }
}
