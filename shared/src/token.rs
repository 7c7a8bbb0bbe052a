//! Signing and verifying tokens (SPEC §2, §5).

use crate::bundle::{SigningKeyEntry, VerifiedBundle};
use crate::day::Timestamp;
use crate::error::TokenError;
use crate::model::{Benefit, CardType};
use crate::wire::{self, CardNumber, Claims, TokenId};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// How many days after its issue day a card's validity may start at the
/// latest (a card handed out in December for the next year is fine).
pub const MAX_LEAD_DAYS: u32 = 366;

/// Sign `claims` with `key` and return the token bytes (SPEC §2). The
/// caller is responsible for `claims.key_id` naming `key`.
pub fn sign_token(key: &SigningKey, claims: &Claims) -> Vec<u8> {
    let payload = wire::encode_payload(claims);
    let sig = key.sign(&wire::signed_message(&payload)).to_bytes();
    wire::token_bytes(&payload, &sig)
}

/// A token whose signature, key window, card type, validity and revocation
/// status have been checked against a bundle. Only [`verify_token`] makes
/// one; the redemption log accepts nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    claims: Claims,
}

impl VerifiedToken {
    /// What the token says.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// The token id (quota unit). Never log it.
    pub fn token_id(&self) -> &TokenId {
        &self.claims.token_id
    }

    /// The card number printed on the card.
    pub fn card_number(&self) -> CardNumber {
        CardNumber::of(&self.claims.token_id)
    }

    /// The token's card type in `bundle` (present: checked at verification).
    pub fn card_type<'b>(&self, bundle: &'b VerifiedBundle) -> Option<&'b CardType> {
        bundle.card_type(self.claims.card_type)
    }

    /// SPEC §5 step 11: the benefits this card gives at `venue_id`, or
    /// [`TokenError::NotValidHere`].
    pub fn benefits_at<'b>(&self, bundle: &'b VerifiedBundle, venue_id: &str) -> Result<Vec<&'b Benefit>, TokenError> {
        let ct = self.card_type(bundle).ok_or(TokenError::UnknownCardType)?;
        let benefits: Vec<&Benefit> = ct.benefits.iter().filter(|b| b.venues.iter().any(|v| v == venue_id)).collect();
        if benefits.is_empty() { Err(TokenError::NotValidHere) } else { Ok(benefits) }
    }
}

/// SPEC §5 steps 4–6 for a token split by [`wire::split_token`] and the
/// signing key its key id names: the strict signature, the fields in
/// canonical form, the key's window. Shared by the venue's check
/// ([`verify_token`]) and the phone card page's ([`crate::page`]).
pub(crate) fn signed_claims(
    raw: &wire::RawToken<'_>,
    entry: &SigningKeyEntry,
    key: &VerifyingKey,
) -> Result<Claims, TokenError> {
    // §5 step 4: strict Ed25519 over context ‖ payload. Weak keys were
    // refused when the bundle was verified; verify_strict refuses them too.
    key.verify_strict(&wire::signed_message(raw.payload), &Signature::from_bytes(&raw.signature))
        .map_err(|_| TokenError::BadSignature)?;
    // §5 step 5: fields, canonical form.
    let claims = raw.claims()?;
    // §5 step 6: key window contains the issue day.
    if claims.issued_on < entry.valid_from || claims.issued_on > entry.valid_until {
        return Err(TokenError::KeyNotValid);
    }
    Ok(claims)
}

/// Verify token text as scanned or typed (SPEC §3.4, then §5).
pub fn verify_text(text: &str, bundle: &VerifiedBundle, now: Timestamp) -> Result<VerifiedToken, TokenError> {
    let bytes = wire::token_bytes_from_text(text)?;
    verify_token(&bytes, bundle, now)
}

/// Verify token bytes against a verified bundle at instant `now` (SPEC §5).
/// Steps run in the spec's order and stop at the first failure.
pub fn verify_token(bytes: &[u8], bundle: &VerifiedBundle, now: Timestamp) -> Result<VerifiedToken, TokenError> {
    // §5 steps 1–2: size bound, split payload ‖ signature, version, key id.
    let raw = wire::split_token(bytes)?;
    // §5 step 3: the signing key.
    let (entry, key) = bundle.key(&raw.key_id).ok_or(TokenError::UnknownKey)?;
    // §5 steps 4–6.
    let claims = signed_claims(&raw, entry, key)?;
    // §5 step 7: card type known.
    let card_type = bundle.card_type(claims.card_type).ok_or(TokenError::UnknownCardType)?;
    // §5 step 8: validity window allowed by the card type, ending no earlier
    // than the issue day and starting at most MAX_LEAD_DAYS after it (so even
    // a leaked signing key cannot mint cards for a distant year).
    if !card_type.validity.allows(claims.valid_from, claims.valid_until)
        || claims.valid_until < claims.issued_on
        || claims.valid_from > claims.issued_on.plus(MAX_LEAD_DAYS)
    {
        return Err(TokenError::ValidityTooLong);
    }
    // §5 step 9: not revoked.
    // A list left in the installed file that cannot be read is no answer
    // about the card (never "not blocked").
    if bundle.revoked(CardNumber::of(&claims.token_id)).map_err(TokenError::RevokedListUnreadable)? {
        return Err(TokenError::Revoked);
    }
    // §5 step 10: today (Oslo) inside the validity window.
    let today = now.oslo_day();
    if today < claims.valid_from {
        return Err(TokenError::NotYetValid(claims.valid_from));
    }
    if today > claims.valid_until {
        return Err(TokenError::Expired(claims.valid_until));
    }
    Ok(VerifiedToken { claims })
}
