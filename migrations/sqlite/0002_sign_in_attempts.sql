-- Sign-in attempts are recorded before the password is checked, so that parallel guesses
-- all count; a successful attempt is then removed by its id.
ALTER TABLE sign_in_failures ADD COLUMN attempt TEXT;
