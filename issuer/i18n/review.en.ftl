# The municipality's own review of a language of the families' texts
# (/admin/texts, "Review"): staff pages, English.

review-heading = Review by an interpreter or translator
review-intro = Download this language's texts as a file and give it to an interpreter or translator. The file shows the bokmål text and where on the pages each text appears. Upload the reviewed file here: you see the changes before they apply, and the language is marked as reviewed by the municipality. The families' pages then no longer show the machine translation note.
review-download = Download the file for review
review-upload-label = Reviewed file (.ftl)
review-upload = Upload and see the changes
review-reviewed-on = Reviewed by the municipality on { $date }.
review-title = Reviewed file: the changes
review-changes = { $count ->
    [0] The file changes no text. You can still mark the language as reviewed.
    [one] The file changes one text:
   *[other] The file changes { $count } texts:
}
review-message = Text
review-before = Now
review-after = After the review
review-apply-hint = The changes apply at once to the phone card and the list of offers, and the language is marked as reviewed by the municipality with today's date.
review-apply = Apply and mark the language as reviewed
review-back = Back to the texts
review-applied = { $lang } is reviewed by the municipality. { $count ->
    [0] No text was changed.
    [one] One text was changed.
   *[other] { $count } texts were changed.
}
review-refused = The file was not used, and nothing was changed: { $reason }
review-error-empty = the file holds no texts.
review-error-too-large = the file is too large (at most { $max } KiB).
review-error-not-text = the file is not a text file (UTF-8).
review-error-language = the file is for another language ({ $tag }). Download the file for this language.
review-error-syntax = the file has an error from line { $line }: check that every {"{"} has a matching {"}"}, and that texts over several lines are indented.
review-error-duplicate = the text { $id } is in the file twice.
review-error-message = the text { $id }: { $reason }
review-file-title = Aktivitetskort: the families' texts in { $lang } ({ $tag }), downloaded { $date }, for review.
review-file-help-1 = Change only the text after "=". Lines starting with # are notes: the bokmål text and where the text appears.
review-file-help-2 = Leave { "{ $name }" } as written: the page fills them in. If a text runs over several lines, start each new line with spaces.
review-file-help-3 = The choices in { "{ $count -> … }" } are grammatical forms for numbers (one, few, many, other …); keep them.
review-file-help-4 = Never write anything about income, need or who the card is for. Save the file as UTF-8 and send it back.
review-file-bokmal = Bokmål:
