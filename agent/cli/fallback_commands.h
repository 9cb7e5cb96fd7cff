#pragma once
// Checks that do not read a card:
//   check --document KIND …   a fallback document staff saw (資格確認書, お知らせ, マイナポータル,
//   保険証) recheck …                 再照会 by insured number + birth date (居宅同意取得型 home
//   visits)

namespace kakunin::agent {

int DocumentCommand(int argc, char** argv);
int RecheckCommand(int argc, char** argv);

}  // namespace kakunin::agent
