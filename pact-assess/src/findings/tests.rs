use super::*;

#[test]
fn ids_are_stable_and_distinct() {
    let a = finding_id(AssessmentCategory::TestGap, Language::Python, "pkg.a");
    assert_eq!(
        a,
        finding_id(AssessmentCategory::TestGap, Language::Python, "pkg.a")
    );
    assert!(a.starts_with("TG-") && a.len() == 13, "{a}");
    assert_ne!(
        a,
        finding_id(AssessmentCategory::TestGap, Language::Python, "pkg.b")
    );
    assert_ne!(
        a,
        finding_id(AssessmentCategory::HubDependency, Language::Python, "pkg.a")
    );
    assert_ne!(
        a,
        finding_id(AssessmentCategory::TestGap, Language::Rust, "pkg.a")
    );
}
